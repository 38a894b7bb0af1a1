/**
 * One registry per SPI over {@link java.util.ServiceLoader}: lazy, surviving a broken provider,
 * refusing two providers of one name, graded format detection, and saying what module to add.
 */
package io.jetsnap.core.registry;
