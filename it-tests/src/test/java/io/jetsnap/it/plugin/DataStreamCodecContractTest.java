package io.jetsnap.it.plugin;

import io.jetsnap.core.contract.ManifestCodecContract;
import io.jetsnap.core.spi.ManifestCodec;

/** The plugin passes the same contract as jetsnap's own codecs. */
class DataStreamCodecContractTest extends ManifestCodecContract {
    @Override
    protected ManifestCodec codec() {
        return new DataStreamCodec();
    }
}
