package com.roisystems.ml.features;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A small bounded in-process cache in front of Redis: least recently used entries go first, and
 * entries expire after a short time so instances never disagree with Redis for long.
 */
final class LruCache<K, V> {

    private record Entry<V>(V value, long expiresAtNanos) {
    }

    private final int capacity;
    private final long ttlNanos;
    private final LinkedHashMap<K, Entry<V>> entries;

    LruCache(int capacity, long ttlMillis) {
        this.capacity = capacity;
        this.ttlNanos = ttlMillis * 1_000_000;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
                return size() > LruCache.this.capacity;
            }
        };
    }

    synchronized V get(K key) {
        Entry<V> entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (System.nanoTime() - entry.expiresAtNanos() > 0) {
            entries.remove(key);
            return null;
        }
        return entry.value();
    }

    synchronized void put(K key, V value) {
        if (capacity > 0) {
            entries.put(key, new Entry<>(value, System.nanoTime() + ttlNanos));
        }
    }

    /** Removes the entry of {@code key} when {@code stale} says its value is out of date. */
    synchronized void removeIf(K key, Predicate<V> stale) {
        Entry<V> entry = entries.get(key);
        if (entry != null && stale.test(entry.value())) {
            entries.remove(key);
        }
    }

    synchronized void remove(K key) {
        entries.remove(key);
    }

    synchronized void clear() {
        entries.clear();
    }
}
