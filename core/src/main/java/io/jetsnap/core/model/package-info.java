/** The snapshot model: immutable records of the header, messages, consumers, origin and trailer. */
package io.jetsnap.core.model;
