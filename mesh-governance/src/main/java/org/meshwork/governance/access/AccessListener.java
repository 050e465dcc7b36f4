package org.meshwork.governance.access;

import org.meshwork.api.access.AccessRequest;

/**
 * Told of access requests as they are made and decided, after they are stored: the platform turns these into
 * notifications for the owners (a new request) and the requester (a decision). Must not throw.
 */
public interface AccessListener {
    AccessListener NONE = new AccessListener() {
        @Override
        public void requested(AccessRequest request) {}

        @Override
        public void decided(AccessRequest request) {}
    };

    void requested(AccessRequest request);

    void decided(AccessRequest request);
}
