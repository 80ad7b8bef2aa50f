package io.voyagerota.transport.mqtt.internal;

import io.voyagerota.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopicsTest {
    @Test
    void theDefaultLayout() {
        Topics t = new Topics("devices/{id}/ota");
        assertEquals("devices/24:0a:c4:12:34:56/ota", t.trigger("24:0a:c4:12:34:56"));
        assertEquals("devices/d1/ota/status", t.status("d1"));
        assertEquals("devices/d1/ota/state", t.state("d1"));
        assertEquals("$share/voyager/devices/+/ota/status", t.sharedFilter("voyager", Topics.Kind.STATUS));
        assertEquals("$share/g/devices/+/ota/state", t.sharedFilter("g", Topics.Kind.STATE));
        assertEquals(Optional.of(new Topics.Route("d1", Topics.Kind.STATUS)), t.route("devices/d1/ota/status"));
        assertEquals(Optional.of(new Topics.Route("d1", Topics.Kind.STATE)), t.route("devices/d1/ota/state"));
    }

    @Test
    void anotherLayoutWithTheIdElsewhere() {
        Topics t = new Topics("acme/ota/{id}");
        assertEquals("acme/ota/d1/status", t.status("d1"));
        assertEquals("$share/g/acme/ota/+/state", t.sharedFilter("g", Topics.Kind.STATE));
        assertEquals(Optional.of(new Topics.Route("d1", Topics.Kind.STATE)), t.route("acme/ota/d1/state"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"devices/d1/ota", "devices/d1/ota/other", "devices/d1/x/status", "other/d1/ota/status",
            "devices//ota/status", "devices/d1/ota/status/more"})
    void otherTopicsHaveNoRoute(String topic) {
        assertEquals(Optional.empty(), new Topics("devices/{id}/ota").route(topic));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "devices/ota", "devices/{id}/{id}", "devices/+/{id}", "devices/{id}/#", "$SYS/{id}",
            "devices/{id}x/ota", "/devices/{id}", "devices//{id}"})
    void badTemplatesAreRefused(String template) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new Topics(template));
        assertTrue(e.getMessage().contains("such as devices/{id}/ota"), e.getMessage());
    }
}
