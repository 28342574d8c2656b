/**
 * Clustered mode: several engine processes as one Vert.x cluster, Hazelcast as the cluster manager.
 * {@link com.roisystems.ml.cluster.ClusterSettings} is the validated {@code cluster} section,
 * {@link com.roisystems.ml.cluster.HazelcastConfigs} the member configuration built from it (TCP/IP join with the
 * listed members, never multicast), and {@link com.roisystems.ml.cluster.ClusteredVertx} starts a Vert.x instance
 * that has joined the cluster. Which topics cross the nodes and which stay on the node that published them is each
 * {@link com.roisystems.ml.bus.Topic}'s own decision (docs/scaling.md, "What holds across nodes"). No event-bus
 * contract.
 *
 * <p>Layer: bottom. Uses config; used only by the edge (cli, bench).
 */
package com.roisystems.ml.cluster;
