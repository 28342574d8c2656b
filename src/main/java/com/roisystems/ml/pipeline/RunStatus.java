package com.roisystems.ml.pipeline;

/**
 * Where a run stands. QUEUED and RUNNING are active (at most one per as-of date); the rest are final,
 * except that FAILED and INTERRUPTED runs can be resumed.
 *
 * <p>{@code if (RunStatus.valueOf(row.getString("status")).finished()) { ... }}
 */
public enum RunStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED, INTERRUPTED;

    public boolean active() {
        return this == QUEUED || this == RUNNING;
    }

    public boolean finished() {
        return !active();
    }

    public boolean resumable() {
        return this == FAILED || this == INTERRUPTED;
    }
}
