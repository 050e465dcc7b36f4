/**
 * Encryption at rest: the wrapped per-product data keys ({@link org.meshwork.api.crypto.ProductKey}) and where they
 * are stored ({@link org.meshwork.api.crypto.ProductKeyStore}). How files are encrypted is the platform's concern.
 */
package org.meshwork.api.crypto;
