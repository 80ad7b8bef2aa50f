package io.voyagerota.transport.http.internal;

import io.voyagerota.transport.http.internal.RangeRequest.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RangeRequestTest {
    private static final long SIZE = 1000;

    @ParameterizedTest(name = "{0} -> {1}-{2}")
    @CsvSource(delimiter = '|', value = {
            "bytes=0-0 | 0 | 0",
            "bytes=0-999 | 0 | 999",
            "bytes=10-20 | 10 | 20",
            "bytes=990- | 990 | 999",
            "bytes=999- | 999 | 999",
            "bytes=5-5000 | 5 | 999",
            "bytes=5-99999999999999999999999 | 5 | 999",
            "bytes=-1 | 999 | 999",
            "bytes=-100 | 900 | 999",
            "bytes=-1000 | 0 | 999",
            "bytes=-5000 | 0 | 999",
            "BYTES=1-2 | 1 | 2",
            "'  bytes=1-2  ' | 1 | 2",
            "'bytes= 1-2 ,' | 1 | 2",
            "'bytes=,,1-2,, ' | 1 | 2",
            "'bytes=\t3-4' | 3 | 4"
    })
    void oneSatisfiableRangeIsPartial(String header, long first, long last) {
        assertEquals(new RangeRequest(Kind.PARTIAL, first, last), RangeRequest.of(header, SIZE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=1000-", "bytes=1000-1001", "bytes=5000-6000", "bytes=-0",
            "bytes=99999999999999999999999-"})
    void aRangeBeyondTheEndIsUnsatisfiable(String header) {
        assertEquals(Kind.UNSATISFIABLE, RangeRequest.of(header, SIZE).kind());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "bytes", "bytes=", "bytes=,", "bytes =0-1", "items=0-1", "bytes=a-b", "bytes=1",
            "bytes=2-1", "bytes=-", "bytes=--1", "bytes=1--2", "bytes=1-2-3", "bytes=0x10-20", "bytes=+1-2",
            "bytes=1-2,3-4", "bytes=0-0,-1", "bytes=1-2,junk", "bytes=1000-,0-1", "bytes=1-2;3-4"})
    void bogusSyntaxOrSeveralRangesAreIgnored(String header) {
        assertEquals(Kind.FULL, RangeRequest.of(header, SIZE).kind());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=0-", "bytes=-1", "bytes=0-0"})
    void nothingIsSatisfiableInAnEmptyRepresentation(String header) {
        assertEquals(Kind.UNSATISFIABLE, RangeRequest.of(header, 0).kind());
    }
}
