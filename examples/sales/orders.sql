-- Orders enriched with the product catalog, valued in EUR and assigned to their quota period.
SELECT
    o.order_id,
    o.customer_id,
    o.product_id,
    p.category,
    o.quantity,
    CAST(o.quantity * o.unit_price AS DECIMAL(12,2))               AS amount,
    o.currency,
    o.status,
    strftime(o.order_ts, '%Y') || '-Q' || quarter(o.order_ts)      AS fiscal_quarter,
    o.order_ts
FROM erp_orders o
LEFT JOIN catalog p USING (product_id)
