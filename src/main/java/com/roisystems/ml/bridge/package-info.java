/**
 * The admin event-bus bridge: admins and monitors reach the admin and monitoring request addresses, and listen to the
 * live streams, from outside the JVM — over SockJS at {@code /eventbus} ({@link com.roisystems.ml.bridge.SockJsBridge},
 * for the console and browsers) and over TCP when {@code bridge.tcp.port} is set. One table
 * ({@code BridgeAddresses}) says which addresses cross and which roles each needs (those of the HTTP route forwarding
 * to the same endpoint); one guard decides every frame of both bridges; a gateway forwards permitted requests as JSON,
 * names the caller from its token, audits admin requests and answers refused ones with an error naming the reason.
 * A socket lives no longer than its token ({@code TokenLifetime}): told why, then closed once the token stops verifying.
 * The live streams ({@code live.*}) are the service's topics republished as JSON, predictions sampled. docs/admin-bus.md
 * lists every address with its messages.
 */
package com.roisystems.ml.bridge;
