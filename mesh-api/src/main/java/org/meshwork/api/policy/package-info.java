/**
 * Federated computational governance as code: policies (global and per domain) whose CEL rules are evaluated over a
 * product and the platform's facts at apply, before a run publishes, on access, and continuously.
 */
package org.meshwork.api.policy;
