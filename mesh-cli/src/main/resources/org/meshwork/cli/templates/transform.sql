-- The transform of ${id}. The sources are tables named as in product.yaml.
SELECT id, trim(label) AS label, amount, updated_at
FROM records
WHERE amount IS NOT NULL
