-- One row per customer: the CRM profile enriched with support activity.
SELECT
    c.customer_id,
    c.full_name,
    lower(c.email)                                         AS email,
    c.country,
    c.segment,
    c.signup_date,
    count(t.ticket_id) FILTER (WHERE t.status <> 'closed') AS open_tickets,
    count(t.ticket_id)                                     AS lifetime_tickets,
    c.updated_at
FROM crm c
LEFT JOIN tickets t USING (customer_id)
GROUP BY ALL
