-- How the actor of an audit entry authenticated: oidc, pat or service-account (AuthenticationMethod labels); NULL for
-- the local CLI, for refused credentials, and for every entry written before this migration. The chain's canonical
-- form names it only when it is set (AuditChain), so earlier entries keep their hashes.
-- Kept to SQL that SQLite and PostgreSQL both accept, as V1 is.
ALTER TABLE audit_log ADD COLUMN authenticated_by VARCHAR(32);
