SELECT o.order_id, o.customer_id, o.amount, o.order_ts FROM orders_raw o
