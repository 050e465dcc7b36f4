/** Search (Lucene), lineage (product and column level), OpenLineage events, generated docs, the domain map. */
package org.meshwork.catalog;
