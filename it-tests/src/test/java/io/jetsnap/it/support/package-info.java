/**
 * What the integration tests share and that is not itself a test: real nats-servers to run
 * against ({@link io.jetsnap.it.support.TestNatsServer}, {@link io.jetsnap.it.support.TestCluster},
 * the JUnit extension {@link io.jetsnap.it.support.NatsServerExtension}, other versions'
 * binaries, version gates), the one CLI runner ({@link io.jetsnap.it.support.CliRun}: in-process or
 * in a JVM of its own, S3 settings through its environment), the other clients that write what jnats
 * cannot (the NATS JavaScript client, a raw protocol publisher), data generators, and the
 * comparisons a restore is judged by (stream dumps, stored bytes, next deliveries).
 */
package io.jetsnap.it.support;
