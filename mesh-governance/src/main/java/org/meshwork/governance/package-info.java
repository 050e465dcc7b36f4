/** Access control, masking decisions, tokens, grants, access requests, the audit log, and policies as code (CEL). */
package org.meshwork.governance;
