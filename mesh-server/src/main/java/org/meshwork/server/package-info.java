/** The HTTP edge: the Javalin REST API under /api/v1 (spec/openapi.yaml), metrics, and the web UI. */
package org.meshwork.server;
