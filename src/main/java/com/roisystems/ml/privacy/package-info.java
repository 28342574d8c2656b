/**
 * Data protection: erasing a person on request ({@link com.roisystems.ml.privacy.UserErasure}, answering an
 * {@link com.roisystems.ml.privacy.ErasureReport} and publishing {@link com.roisystems.ml.privacy.UserErased} on
 * {@code privacy.user-erased} so live subscriptions drop them) and deleting what is older than the configured retention
 * ({@link com.roisystems.ml.privacy.RetentionJob} under a {@link com.roisystems.ml.privacy.RetentionPolicy}, run daily
 * by the pipeline's scheduler).
 *
 * <p>Both find their tables through {@code information_schema} — every table with a {@code user_id} (or
 * {@code *_user_id}) column for erasure, every table with {@code event_id} and {@code occurred_at} for activity
 * retention — so a table added later is covered without a code change. Both run on the owner's pool (all tenants).
 *
 * <p>Layer: capabilities. Uses features ({@code OnlineStore}, to remove the online vector), bus and the reactive
 * SQL pool it is given; never the edge. Used by api (the erasure route) and pipeline (the daily retention).
 */
package com.roisystems.ml.privacy;
