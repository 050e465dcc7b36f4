/**
 * Quality checks at run time: what an engine needs to evaluate a product's declared checks
 * ({@link org.meshwork.api.quality.QualityContext}) and what it reports for each
 * ({@link org.meshwork.api.quality.CheckResult}). See {@code docs/quality.md} for the semantics of every check kind and
 * their mapping to ODCS 3.1 quality rules.
 */
package org.meshwork.api.quality;
