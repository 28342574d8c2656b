package com.roisystems.ml.importer;

import com.roisystems.ml.ingest.CheckedEvent;

/**
 * One event the import built or read, checked by the live path's validator, with where it came from: the data row
 * (CSV or JSON rows; 1-based, the header not counted) or the line (JSON Lines), the mapping entry that built it
 * ({@code -1} for events read as they are), and the row as read, for the rejected file.
 *
 * <p>{@code new Candidate(validator.validate(json, bytes), row.number(), row.line(), entry.index(), row.original())}
 */
record Candidate(CheckedEvent checked, long row, long line, int mappingEntry, Object original) {

    Candidate refused(CheckedEvent refusal) {
        return new Candidate(refusal, row, line, mappingEntry, original);
    }
}
