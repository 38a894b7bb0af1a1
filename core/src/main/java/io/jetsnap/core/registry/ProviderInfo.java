package io.jetsnap.core.registry;

/**
 * One provider a registry found, for listings.
 *
 * @param name the codec name or store scheme
 * @param detail the file extension (codecs) or URI scheme form (stores)
 * @param className the implementing class
 * @param origin the jar (or classpath folder) it was loaded from
 */
public record ProviderInfo(String name, String detail, String className, String origin) {
}
