package org.meshwork.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.meshwork.api.ProductId;
import org.meshwork.api.UserName;
import org.meshwork.api.access.Authentication;
import org.meshwork.api.access.AuthenticationMethod;

class AuditChainTest {
    private static final AuditEvent EVENT = new AuditEvent(Instant.parse("2026-11-24T10:00:00Z"), UserName.of("alice"),
            "grant", Optional.of(ProductId.parse("dp.sales.orders")), "allowed",
            Map.of("grantee", "team:analytics", "columns", "a,\"b\"\n"), Optional.empty());

    @Test
    void theCanonicalFormIsFixedKeyOrderSortedDetailsAndEscapedStrings() {
        assertThat(AuditChain.canonical(7, EVENT)).isEqualTo("{\"seq\":7,\"at\":\"2026-11-24T10:00:00Z\","
                + "\"actor\":\"alice\",\"action\":\"grant\",\"product\":\"dp.sales.orders\",\"outcome\":\"allowed\","
                + "\"details\":{\"columns\":\"a,\\\"b\\\"\\u000a\",\"grantee\":\"team:analytics\"},\"client\":null}");
        Map<String, String> otherOrder = new LinkedHashMap<>();
        otherOrder.put("grantee", "team:analytics");
        otherOrder.put("columns", "a,\"b\"\n");
        AuditEvent same = new AuditEvent(EVENT.at(), EVENT.actor(), EVENT.action(), EVENT.product(), EVENT.outcome(),
                otherOrder, EVENT.clientAddress());
        assertThat(AuditChain.hash(AuditChain.GENESIS, 7, same)).isEqualTo(AuditChain.hash(AuditChain.GENESIS, 7, EVENT));
    }

    @Test
    void theHashIsStableAcrossVersions() {
        // a stored chain must verify with every later build: this value may never change
        assertThat(AuditChain.hash(AuditChain.GENESIS, 1, EVENT))
                .isEqualTo("9b0652fed90d69b452a75c809fbd79e621288588cb1f44cfdc228fdf0a999be4")
                .isEqualTo(sha256(AuditChain.GENESIS + AuditChain.canonical(1, EVENT)));
        assertThat(AuditChain.hash("a".repeat(64), 1, EVENT)).isNotEqualTo(AuditChain.hash(AuditChain.GENESIS, 1, EVENT));
        assertThat(AuditChain.hash(AuditChain.GENESIS, 2, EVENT)).isNotEqualTo(AuditChain.hash(AuditChain.GENESIS, 1, EVENT));
    }

    @Test
    void howTheActorAuthenticatedIsHashedOnlyWhenKnown() {
        AuditEvent viaOidc = EVENT.authenticated(Optional.of(new Authentication(AuthenticationMethod.OIDC,
                Optional.of("10.1.2.3"))));
        assertThat(viaOidc.authenticatedBy()).contains("oidc");
        assertThat(viaOidc.clientAddress()).contains("10.1.2.3");
        assertThat(AuditChain.canonical(7, viaOidc)).endsWith(",\"client\":\"10.1.2.3\",\"auth\":\"oidc\"}");
        assertThat(AuditChain.hash(AuditChain.GENESIS, 1, viaOidc)).isNotEqualTo(AuditChain.hash(AuditChain.GENESIS, 1,
                new AuditEvent(viaOidc.at(), viaOidc.actor(), viaOidc.action(), viaOidc.product(), viaOidc.outcome(),
                        viaOidc.details(), viaOidc.clientAddress(), Optional.of("pat"))));
        // an event without a method (the local CLI, every entry older than the field) hashes exactly as before
        assertThat(EVENT.authenticated(Optional.empty())).isEqualTo(EVENT);
        assertThat(AuditChain.canonical(7, EVENT)).doesNotContain("auth");
    }

    @Test
    void theWalkerNamesTheFirstBadEntry() {
        AuditEntry first = AuditChain.link(1, AuditChain.GENESIS, EVENT);
        AuditEntry second = AuditChain.link(2, first.hash(), EVENT);
        AuditEntry third = AuditChain.link(3, second.hash(), EVENT);
        assertThat(walk(List.of(first, second, third), 3, third.hash()).intact()).isTrue();
        assertThat(walk(List.of(first, third), 3, third.hash()).firstBadSequence()).contains(2L);
        AuditEntry changed = new AuditEntry(2, new AuditEvent(EVENT.at(), UserName.of("mallory"), "grant",
                EVENT.product(), "allowed", EVENT.details(), Optional.empty()), first.hash(), second.hash());
        assertThat(walk(List.of(first, changed, third), 3, third.hash()).problem()).contains(
                "entry 2 was changed: its content does not match its hash");
        AuditEntry relinked = AuditChain.link(2, "f".repeat(64), EVENT);
        assertThat(walk(List.of(first, relinked), 2, relinked.hash()).problem().orElseThrow())
                .startsWith("entry 2 does not follow entry 1");
        assertThat(walk(List.of(first, second), 3, third.hash()).problem().orElseThrow())
                .startsWith("entry 3 is missing (removed): the chain head records 3 entries");
        assertThat(walk(List.of(), 0, AuditChain.GENESIS).intact()).isTrue();
    }

    private static AuditVerification walk(List<AuditEntry> entries, long headSequence, String headHash) {
        AuditChain.Walker walker = new AuditChain.Walker();
        for (AuditEntry entry : entries) {
            if (!walker.accept(entry)) {
                break;
            }
        }
        return walker.finish(headSequence, headHash);
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
