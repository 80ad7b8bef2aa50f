package io.voyagerota.server.internal;

import io.voyagerota.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdminClientTest {
    @Test
    void aServerUrlWithoutAPathMeansTheDefaultBasePath() {
        assertEquals(URI.create("http://localhost:8080/v1"), AdminClient.apiBase("http://localhost:8080"));
        assertEquals(URI.create("https://ota.example.com/ota/v2"), AdminClient.apiBase("https://ota.example.com/ota/v2/"));
        assertEquals(URI.create("http://h:1"), AdminClient.apiBase("http://h:1/"), "a bare slash means the root");
    }

    @Test
    void aUrlThatIsNotHttpIsRefusedSayingWhereToFixIt() {
        for (String bad : new String[] {"localhost:8080", "ftp://h/", "http://h/?x=1", "not a url"}) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> AdminClient.apiBase(bad), bad);
            assertTrue(e.getMessage().contains("--server or VOYAGER_SERVER"), e.getMessage());
        }
    }

    @Test
    void pathSegmentsAreEncoded() {
        assertEquals("24:0a:c4:12:34:56", AdminClient.segment("24:0a:c4:12:34:56"));
        assertEquals("a%2Fb%20c%2Bd", AdminClient.segment("a/b c+d"));
        assertFalse(AdminClient.segment("../x").contains("/"));
    }

    @Test
    void jsonNodesNeverFailOnMissingFields() {
        JsonNode n = JsonNode.parse("{\"a\":{\"b\":[1,\"x\",true,null]},\"n\":2.5}");
        assertEquals("1", n.get("a").get("b").items().get(0).text(""));
        assertEquals(4, n.get("a").get("b").items().size());
        assertFalse(n.get("a").get("b").items().get(3).isPresent());
        assertTrue(n.get("zzz").get("y").isMissing());
        assertEquals("-", n.get("zzz").text("-"));
        assertEquals(2.5, n.get("n").asDouble().orElseThrow());
        assertEquals("{\"k\":\"v\"}", JsonNode.object(g -> g.writeStringField("k", "v")));
        assertThrows(IllegalArgumentException.class, () -> JsonNode.parse("{"));
    }
}
