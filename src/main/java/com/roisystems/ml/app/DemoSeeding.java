package com.roisystems.ml.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What {@code demo} puts into an empty database before it serves. */
final class DemoSeeding {

    private static final Logger log = LoggerFactory.getLogger(DemoSeeding.class);

    private DemoSeeding() {
    }

    static void seedIfEmpty(AppConfig config) {
        log.info("Demo database ready at {}", config.string("pg.url").replaceAll("://([^:@/]+):[^@]*@", "://$1:***@"));
    }
}
