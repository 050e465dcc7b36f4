-- Last-touch attribution: each paid or shipped order is credited to the campaign that touched its customer last
-- within the 30 days before the order.
WITH attributed AS (
    SELECT o.order_id, o.customer_id, o.amount, t.campaign_id,
           row_number() OVER (PARTITION BY o.order_id ORDER BY t.touched_at DESC) AS touch_rank
    FROM orders o
    JOIN touches t
      ON t.customer_id = o.customer_id
     AND t.touched_at <= o.order_ts
     AND t.touched_at > o.order_ts - INTERVAL 30 DAY
    WHERE o.status IN ('paid', 'shipped')
),
last_touch AS (
    SELECT a.*, c.segment FROM attributed a LEFT JOIN customers c USING (customer_id) WHERE touch_rank = 1
)
SELECT
    k.campaign_id,
    k.name                                                            AS campaign_name,
    k.channel,
    'last_touch_30d'                                                  AS attribution_model,
    (SELECT count(DISTINCT customer_id) FROM touches t WHERE t.campaign_id = k.campaign_id) AS customers_reached,
    count(l.order_id)                                                 AS attributed_orders,
    CAST(coalesce(sum(l.amount), 0) AS DECIMAL(14,2))                 AS attributed_revenue,
    CAST(coalesce(sum(l.amount) FILTER (WHERE l.segment = 'enterprise'), 0) AS DECIMAL(14,2)) AS enterprise_revenue,
    k.budget,
    round(coalesce(sum(l.amount), 0) / nullif(k.budget, 0), 3)::DOUBLE AS roas
FROM campaigns k
LEFT JOIN last_touch l USING (campaign_id)
GROUP BY k.campaign_id, k.name, k.channel, k.budget
ORDER BY k.campaign_id
