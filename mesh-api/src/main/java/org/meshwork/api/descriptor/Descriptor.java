package org.meshwork.api.descriptor;

/**
 * One parsed and validated descriptor document. {@link #document()} is the canonical JSON form of the document (keys
 * sorted, comments and formatting dropped): what is stored and hashed, so re-applying an unchanged file is a no-op.
 */
public sealed interface Descriptor
        permits DomainDescriptor, DataProductDescriptor, InfrastructureDescriptor, GlobalPolicyDescriptor,
        DomainPolicyDescriptor, GlossaryTermDescriptor {

    Kind kind();

    Metadata metadata();

    /** Where the document starts in its file. */
    SourcePosition origin();

    /** Canonical JSON of the whole document. */
    String document();
}
