package org.meshwork.api.store;

/**
 * The metadata store's change counter: a number raised in the same transaction as every change of its resources
 * (products, domains, policies, glossary terms), grants, access requests and tokens, by whichever process makes the
 * change. It never goes down, so two equal readings mean none of those changed in between, and what was read after the
 * first reading may be reused until the number moves. Reading it is one small query, so the serving path checks it on
 * every request instead of reading products, policies, grants and tokens again: security state is never served stale.
 */
public interface StoreRevision {

    /** The current revision, read from the database (never from a cache). */
    long revision();
}
