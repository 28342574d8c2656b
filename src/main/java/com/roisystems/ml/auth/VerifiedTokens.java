package com.roisystems.ml.auth;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tokens whose signature and claims were verified, remembered by their exact text until they expire, so a client
 * sending the same token on every request (as clients do) is not decoded, parsed and HMAC-checked each time. A hit
 * is the same signed bytes, so nothing is trusted that was not verified; the time window is checked again on every
 * hit. Bounded: the least recently used token is forgotten first.
 */
final class VerifiedTokens {

    private record Verified(Caller caller, long notBeforeSecond, long expirySecond) {
    }

    private final Map<String, Verified> tokens;

    VerifiedTokens(int capacity) {
        this.tokens = new LinkedHashMap<>(capacity, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Verified> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The caller of a token verified before and still valid at {@code nowSecond} (with the skew), else null. */
    synchronized Caller get(String token, long nowSecond, long skewSeconds, String clientAddress) {
        Verified verified = tokens.get(token);
        if (verified == null) {
            return null;
        }
        if (nowSecond > verified.expirySecond + skewSeconds || nowSecond + skewSeconds < verified.notBeforeSecond) {
            tokens.remove(token);
            return null;
        }
        Caller caller = verified.caller;
        return new Caller(caller.subject(), caller.roles(), caller.tenant(), clientAddress);
    }

    synchronized void put(String token, Caller caller, long notBeforeSecond, long expirySecond) {
        tokens.put(token, new Verified(caller, notBeforeSecond, expirySecond));
    }
}
