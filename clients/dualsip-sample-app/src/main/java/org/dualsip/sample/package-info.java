/**
 * The sample remote application: {@link org.dualsip.sample.SampleApp} parses the command line and
 * runs {@link org.dualsip.sample.AnsweringApplication} on a {@code DualsipClient} connected to both
 * nodes of a pair. It is also the application the system tests drive across a {@code kill -9}.
 */
package org.dualsip.sample;
