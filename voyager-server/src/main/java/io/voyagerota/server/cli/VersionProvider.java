package io.voyagerota.server.cli;

import picocli.CommandLine;

/** Reads the version from the jar manifest, or says it runs from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = VoyagerCommand.class.getPackage().getImplementationVersion();
        return new String[] {"voyager " + (v == null ? "(development build)" : v)};
    }
}
