package io.voyagerota.server.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.voyagerota.artifact.ArtifactReport;
import io.voyagerota.artifact.Check;
import io.voyagerota.artifact.esp32.AppDescriptor;
import io.voyagerota.artifact.esp32.ImageHeader;
import io.voyagerota.artifact.esp32.ImageSegment;
import io.voyagerota.catalog.ArtifactKind;
import io.voyagerota.catalog.ArtifactPart;
import io.voyagerota.catalog.Chip;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Locale;

/** Prints an inspection report for people, or as one JSON object for machines. */
final class ReportPrinter {
    private ReportPrinter() {
    }

    /** Prints the report as text, or as one JSON object when {@code json}. */
    static void print(PrintWriter out, String file, ArtifactReport r, boolean json) throws IOException {
        if (json) {
            out.println(json(file, r));
        } else {
            human(out, file, r);
        }
    }

    static void human(PrintWriter out, String file, ArtifactReport r) {
        out.printf("file        %s (%d bytes)%n", file, r.size());
        out.printf("sha256      %s%n", r.sha256());
        out.printf("kind        %s%n", r.kind().map(k -> k == ArtifactKind.APP_IMAGE ? "ESP32 application image"
                : "firmware+UI bundle").orElse("unknown"));
        r.chip().ifPresent(c -> out.printf("chip        %s%n", c.wireName()));
        r.descriptor().ifPresent(d -> {
            out.printf("version     %s%n", d.declaredVersion().orElse("(none: the release's version is used)"));
            out.printf("project     %s%n", d.declaredProjectName().orElse("(none)"));
            out.printf("secure ver  %d%n", d.secureVersion());
            out.printf("idf         %s%n", d.idfVersion());
            out.printf("built       %s %s%n", d.date(), d.time());
            out.printf("elf sha256  %s%n", d.appElfSha256());
        });
        r.image().flatMap(i -> i.header()).ifPresent(h -> out.printf(Locale.ROOT,
                "header      entry 0x%08x, %d segments, SPI mode %s, hash %s%n", h.entryAddress(), h.segmentCount(),
                h.spiModeName(), h.hashAppended() ? "appended" : "not appended"));
        r.image().ifPresent(i -> {
            for (ImageSegment s : i.segments()) {
                out.printf(Locale.ROOT, "  segment %-2d load 0x%08x  %8d bytes at file offset %d%n", s.index(),
                        s.loadAddress(), s.length(), s.dataOffset());
            }
        });
        for (ArtifactPart p : r.parts()) {
            out.printf("part        %-8s offset %d, %d bytes, sha256 %s%n", p.name(), p.offset(), p.size(), p.sha256());
        }
        out.println("checks");
        for (Check c : r.checks()) {
            out.printf("  %s %-22s %s%n", c.passed() ? "ok  " : "FAIL", c.name(), c.message());
        }
        out.printf("verdict     %s%n", r.accepted() ? "VALID" : "INVALID");
    }

    static String json(String file, ArtifactReport r) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(text)) {
            g.writeStartObject();
            g.writeStringField("file", file);
            g.writeBooleanField("valid", r.accepted());
            g.writeNumberField("size", r.size());
            g.writeStringField("sha256", r.sha256());
            g.writeStringField("kind", r.kind().map(k -> k == ArtifactKind.APP_IMAGE ? "app-image" : "bundle")
                    .orElse("unknown"));
            if (r.chip().isPresent()) {
                Chip c = r.chip().get();
                g.writeStringField("chip", c.wireName());
                g.writeNumberField("chipId", c.imageChipId());
            }
            if (r.descriptor().isPresent()) {
                AppDescriptor d = r.descriptor().get();
                g.writeObjectFieldStart("descriptor");
                g.writeStringField("version", d.version());
                g.writeStringField("projectName", d.projectName());
                g.writeNumberField("secureVersion", d.secureVersion());
                g.writeStringField("idfVersion", d.idfVersion());
                g.writeStringField("date", d.date());
                g.writeStringField("time", d.time());
                g.writeStringField("appElfSha256", d.appElfSha256());
                g.writeEndObject();
            }
            if (r.image().flatMap(i -> i.header()).isPresent()) {
                ImageHeader h = r.image().get().header().get();
                g.writeObjectFieldStart("header");
                g.writeNumberField("entryAddress", h.entryAddress());
                g.writeNumberField("segmentCount", h.segmentCount());
                g.writeStringField("spiMode", h.spiModeName());
                g.writeBooleanField("hashAppended", h.hashAppended());
                g.writeEndObject();
            }
            g.writeArrayFieldStart("parts");
            for (ArtifactPart p : r.parts()) {
                g.writeStartObject();
                g.writeStringField("name", p.name());
                g.writeNumberField("offset", p.offset());
                g.writeNumberField("size", p.size());
                g.writeStringField("sha256", p.sha256());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("checks");
            for (Check c : r.checks()) {
                g.writeStartObject();
                g.writeStringField("name", c.name());
                g.writeBooleanField("passed", c.passed());
                g.writeStringField("message", c.message());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return text.toString();
    }
}
