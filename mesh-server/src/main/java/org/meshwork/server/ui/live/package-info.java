/**
 * The web UI's seams implemented over the real services of a {@link org.meshwork.platform.Mesh}: the catalog's Lucene
 * search and lineage, the access workflow and audit chain, and the policy report. {@link
 * org.meshwork.server.ui.live.LiveWebUi} assembles them for the server.
 */
package org.meshwork.server.ui.live;
