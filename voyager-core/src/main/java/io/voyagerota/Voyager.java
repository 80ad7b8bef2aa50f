package io.voyagerota;

import io.voyagerota.auth.DirectoryAuthenticator;
import io.voyagerota.auth.Secrets;
import io.voyagerota.decision.CatalogSnapshot;
import io.voyagerota.decision.DeviceCheck;
import io.voyagerota.decision.OfferMinter;
import io.voyagerota.decision.UpdateDecider;
import io.voyagerota.decision.UpdateDecision;
import io.voyagerota.device.DeviceSighting;
import io.voyagerota.event.VoyagerEvent;
import io.voyagerota.housekeeping.HousekeepingConfig;
import io.voyagerota.internal.Background;
import io.voyagerota.support.Checks;
import io.voyagerota.internal.DirectoryCache;
import io.voyagerota.internal.EventTypes;
import io.voyagerota.support.Payloads;
import io.voyagerota.internal.Relays;
import io.voyagerota.internal.SightingBuffer;
import io.voyagerota.internal.SnapshotHolder;
import io.voyagerota.internal.TriggerFanout;
import io.voyagerota.internal.TriggerSplit;
import io.voyagerota.link.HmacDownloadLinks;
import io.voyagerota.memory.InMemoryArtifactStorage;
import io.voyagerota.memory.InMemoryRegistry;
import io.voyagerota.outbox.OutboxEvent;
import io.voyagerota.outbox.OutboxHandler;
import io.voyagerota.signing.KeyId;
import io.voyagerota.signing.OfferKeyEndorsement;
import io.voyagerota.signing.OfferSigner;
import io.voyagerota.signing.SigningKey;
import io.voyagerota.signing.VerifyingKey;
import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.spi.ArtifactStorage;
import io.voyagerota.spi.Authenticator;
import io.voyagerota.spi.CatalogChange;
import io.voyagerota.spi.DeviceNotifier;
import io.voyagerota.spi.DownloadLinkIssuer;
import io.voyagerota.spi.DurableListener;
import io.voyagerota.spi.Registry;
import io.voyagerota.spi.VoyagerListener;
import io.voyagerota.validation.BasicSteps;
import io.voyagerota.validation.ValidationStep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An OTA update service, wired explicitly from its parts with {@link #builder()}. The host keeps control: it
 * mounts transports, calls {@link #check} and the operations, and either calls {@link #tick()} and
 * {@link #relayOutbox()} itself or lets {@link #start()} run them in the background.
 *
 * <pre>{@code
 * Voyager voyager = Voyager.builder()
 *         .registry(JdbcRegistry.builder(dataSource).build())
 *         .artifactStorage(FileSystemArtifactStorage.builder(Path.of("/var/lib/voyager/artifacts")).build())
 *         .build();
 * }</pre>
 *
 * For tests and demos, {@link #inMemory()} starts from in-memory stores, which forget everything when the process
 * ends; a plain {@code builder()} must be given both stores.
 */
public final class Voyager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Voyager.class);

    private final Registry registry;
    private final ArtifactStorage storage;
    private final Authenticator authenticator;
    private final InstantSource clock;
    private final VoyagerListener listener;
    private final List<DurableListener> durableListeners;
    private final VoyagerConfig config;
    private final SnapshotHolder snapshots;
    private final DirectoryCache directory;
    private final UpdateDecider decider;
    private final OfferMinter minter;
    private final DownloadLinkIssuer links;
    private final SightingBuffer sightings;
    private final Relays relays;
    private final OfferSigner offerSigner;
    private final Map<KeyId, OfferKeyEndorsement> endorsements;
    private final Products products = new Products(this);
    private final Releases releases;
    private final Rollouts rollouts = new Rollouts(this);
    private final Devices devices = new Devices(this);
    private final Outbox outbox = new Outbox(this);
    private final Housekeeping housekeeping;
    private final VoyagerCounters counters = new VoyagerCounters();
    private Background background;

    private Voyager(Builder b) {
        this.registry = b.registry;
        this.storage = b.storage;
        this.directory = new DirectoryCache(registry.directory());
        this.authenticator = b.authenticator != null ? b.authenticator
                : new DirectoryAuthenticator(directory::secretHash, b.adminTokens);
        this.clock = b.clock;
        this.config = b.config;
        List<VoyagerListener> listeners = List.copyOf(b.listeners);
        this.listener = event -> listeners.forEach(l -> {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) { // one failing listener must not keep the event from the others
                LOG.warn("a Voyager listener failed on {}: {}", event.getClass().getSimpleName(), e.toString());
            }
        });
        this.durableListeners = List.copyOf(b.durableListeners);
        this.snapshots = new SnapshotHolder(registry.catalog());
        this.decider = new UpdateDecider(config.testerTag());
        this.links = b.links;
        this.minter = new OfferMinter(b.links, config.linkTtl(), config.linkWindow());
        this.sightings = new SightingBuffer(config.sightingBuffer());
        this.releases = new Releases(this, b.steps);
        this.housekeeping = new Housekeeping(this, b.housekeeping);
        this.offerSigner = new OfferSigner(b.offerKey, b.offerCacheSlots);
        this.endorsements = Map.copyOf(b.endorsements);
        Map<String, OutboxHandler> handlers = new LinkedHashMap<>();
        handlers.put(EventTypes.ARTIFACT_DELETE, e -> storage.delete(keyOf(e.payload())));
        handlers.put(EventTypes.ARTIFACT_RESTORE, e -> storage.restore(keyOf(e.payload())));
        handlers.put(EventTypes.ARTIFACT_PURGE, e -> housekeeping.purge(keyOf(e.payload()),
                Payloads.read(e.payload()).getOrDefault("reason", "replaced")));
        b.handlers.forEach((type, handler) -> {
            if (type.startsWith(EventTypes.DEVICES_TRIGGER) || handlers.putIfAbsent(type, handler) != null) {
                throw new InvalidInputException("outbox event type '" + type + "' is Voyager's own; give your"
                        + " handler a type of its own");
            }
        });
        this.relays = new Relays(registry.outbox(), clock, this::publish, handlers,
                new TriggerSplit(registry.fleet(), registry.outbox(), clock),
                new TriggerFanout(registry.fleet(), this::freshSnapshot, directory, decider, b.notifier, clock),
                config.fanoutWorkers(), config.fanoutLease());
        snapshots.refresh();
        directory.refresh();
    }

    /** A builder that must be given a registry and an artifact storage. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder on an {@link InMemoryRegistry} and an {@link InMemoryArtifactStorage}: for tests and demos, since
     * they keep nothing beyond the process. Either may still be replaced.
     */
    public static Builder inMemory() {
        return new Builder().registry(new InMemoryRegistry()).artifactStorage(new InMemoryArtifactStorage());
    }

    /**
     * Decides whether a device should update. Reads only the in-memory snapshot; the sighting is buffered and
     * written by {@link #tick()}.
     */
    public UpdateDecision check(DeviceCheck check) {
        Instant now = clock.instant();
        UpdateDecision decision = minter.answer(decider.decide(snapshots.current(), check, now), now);
        counters.checked(decision);
        sightings.add(check.deviceId(), check.productId(), check.model(), check.currentVersion(), now.toEpochMilli());
        return decision;
    }

    /**
     * How this Voyager's offers point at artifacts: the issuer given to the builder, or the HMAC links under
     * {@code /v1} it made with a random key. A transport that serves the artifacts verifies links with it.
     */
    public DownloadLinkIssuer downloadLinks() {
        return links;
    }

    /**
     * Signs offer bodies with the offer key; transports send its signature, key id and per-check proof beside every
     * offer (docs/device-api.md, "Offer authentication").
     */
    public OfferSigner offerSigner() {
        return offerSigner;
    }

    /** The endorsement of an offer key, for devices that meet a key they do not know yet. */
    public Optional<OfferKeyEndorsement> offerKeyEndorsement(KeyId keyId) {
        return Optional.ofNullable(endorsements.get(keyId));
    }

    public Products products() {
        return products;
    }

    public Releases releases() {
        return releases;
    }

    public Rollouts rollouts() {
        return rollouts;
    }

    public Devices devices() {
        return devices;
    }

    /** Housekeeping of artifact storage: leftovers of interrupted writes, unreferenced and expired artifacts. */
    public Housekeeping housekeeping() {
        return housekeeping;
    }

    /** The outbox's events, for operators: list, resubmit, discard. */
    public Outbox outbox() {
        return outbox;
    }

    /** What this node has answered since it started: checks by outcome, reports by status, for monitoring. */
    public VoyagerCounters counters() {
        return counters;
    }

    /** Device sightings dropped because the buffer was full between two flushes (see {@link #tick()}). */
    public long sightingsDropped() {
        return sightings.dropped();
    }

    public Authenticator authenticator() {
        return authenticator;
    }

    public ArtifactStorage storage() {
        return storage;
    }

    public Registry registry() {
        return registry;
    }

    public VoyagerConfig config() {
        return config;
    }

    /** The clock this Voyager reads: offers and download links expire by it. */
    public InstantSource clock() {
        return clock;
    }

    /** The catalog as checks see it now. */
    public CatalogSnapshot snapshot() {
        return snapshots.current();
    }

    /**
     * Background work, safe to call at any rate: writes buffered sightings, reloads the snapshot if another node
     * changed the catalog, advances staged rollouts that are due, and reads the device directory's changes made
     * since the last tick (by other nodes: this node's own are read as it makes them). {@link #start()} runs the
     * catalog and directory reload more often than the rest, on a thread of its own.
     */
    public void tick() {
        flushSightings();
        snapshots.refresh();
        rollouts.advanceDue();
        directory.refresh();
    }

    /**
     * Delivers due outbox events: one batch of ordinary events, then every fan-out that is due with the chunks it
     * is split into, so that a fan-out's devices are nudged by the time this returns.
     *
     * @return how many events were handled, whatever the outcome, a fan-out counting once however many of its
     *         chunks were delivered (a chunk retried alone counts as its fan-out)
     */
    public int relayOutbox() {
        return relays.runOnce();
    }

    /**
     * Runs the background work, each kind on its own thread so none waits for another: the catalog watch every
     * {@link VoyagerConfig#refreshInterval()}, the rest of {@link #tick()} every
     * {@link VoyagerConfig#tickInterval()}, the outbox relay, and {@link VoyagerConfig#fanoutWorkers()} fan-out
     * relays, every {@link VoyagerConfig#relayInterval()} when idle; and, when it is enabled, {@link Housekeeping}
     * at once and then every {@link HousekeepingConfig#interval()}.
     */
    public synchronized void start() {
        if (background != null) {
            return;
        }
        background = Background.start(this::refreshCatalog, config.refreshInterval(), () -> {
            flushSightings();
            rollouts.advanceDue();
        }, config.tickInterval(), relays.ordinary(), relays.fanouts(), config.relayInterval());
        if (housekeeping.config().enabled()) {
            background.schedule("voyager-housekeeping", "housekeeping", housekeeping::run,
                    housekeeping.config().interval());
        }
    }

    /** Stops background work and writes the buffered sightings. */
    @Override
    public synchronized void close() {
        if (background != null) {
            background.close();
            background = null;
        }
        flushSightings();
    }

    private void flushSightings() {
        List<DeviceSighting> batch = sightings.drain();
        if (!batch.isEmpty()) {
            registry.fleet().touch(batch);
        }
    }

    private void refreshCatalog() {
        snapshots.refresh();
        directory.refresh();
    }

    Instant now() {
        return clock.instant();
    }

    void commit(CatalogChange change) {
        registry.catalog().commit(change);
        snapshots.refresh();
    }

    /**
     * Commits {@code change} together with the outbox events the durable listeners make of {@code events}, then
     * tells the listeners; nothing is told when the commit fails.
     */
    void commit(CatalogChange change, List<? extends VoyagerEvent> events) {
        List<OutboxEvent> durable = durableEvents(events);
        commit(durable.isEmpty() ? change : change.plusEvents(durable));
        events.forEach(listener::onEvent);
    }

    void refresh() {
        snapshots.refresh();
    }

    DirectoryCache directory() {
        return directory;
    }

    // The relay may run before the committing thread has refreshed; reloading is a no-op when nothing changed.
    private CatalogSnapshot freshSnapshot() {
        snapshots.refresh();
        return snapshots.current();
    }

    /** Tells the listeners of an event that no catalog change carries; its durable outbox events go first. */
    void publish(VoyagerEvent event) {
        List<OutboxEvent> durable = durableEvents(List.of(event));
        if (!durable.isEmpty()) {
            try {
                registry.outbox().append(durable);
            } catch (RuntimeException e) {
                LOG.warn("could not write the outbox events of {}: {}", event.getClass().getSimpleName(),
                        e.toString());
            }
        }
        listener.onEvent(event);
    }

    private List<OutboxEvent> durableEvents(List<? extends VoyagerEvent> events) {
        if (durableListeners.isEmpty()) {
            return List.of();
        }
        List<OutboxEvent> out = new ArrayList<>();
        for (VoyagerEvent event : events) {
            for (DurableListener l : durableListeners) {
                try {
                    out.addAll(l.outboxEvents(event));
                } catch (RuntimeException e) {
                    LOG.warn("a durable Voyager listener failed on {}: {}", event.getClass().getSimpleName(),
                            e.toString());
                }
            }
        }
        return out;
    }

    private static ArtifactKey keyOf(String payload) {
        return ArtifactKey.of(Payloads.read(payload).get("key"));
    }

    /**
     * Wires a {@link Voyager}. The registry and the artifact storage have no default (start from {@link #inMemory()}
     * for in-memory ones); everything else has one.
     */
    public static final class Builder {
        private Registry registry;
        private ArtifactStorage storage;
        private static final Pattern ADMIN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");

        private Authenticator authenticator;
        private final Map<String, String> adminTokens = new LinkedHashMap<>();
        private DownloadLinkIssuer links;
        private SigningKey offerKey;
        private int offerCacheSlots = OfferSigner.DEFAULT_CACHE_SLOTS;
        private final Map<KeyId, OfferKeyEndorsement> endorsements = new LinkedHashMap<>();
        private InstantSource clock = InstantSource.system();
        private final List<VoyagerListener> listeners = new ArrayList<>();
        private final List<DurableListener> durableListeners = new ArrayList<>();
        private DeviceNotifier notifier = DeviceNotifier.none();
        private VoyagerConfig config = VoyagerConfig.defaults();
        private final List<ValidationStep> steps = new ArrayList<>(BasicSteps.all());
        private final Map<String, OutboxHandler> handlers = new LinkedHashMap<>();
        private HousekeepingConfig housekeeping = HousekeepingConfig.defaults();

        private Builder() {
        }

        /** Where products, releases, rollouts, devices and the outbox are kept. */
        public Builder registry(Registry value) {
            this.registry = value;
            return this;
        }

        public Builder artifactStorage(ArtifactStorage value) {
            this.storage = value;
            return this;
        }

        /**
         * Replaces the built-in authenticator, which checks devices against the device directory
         * ({@link Devices#enrol}) and administrators against the {@link #adminToken} hashes.
         */
        public Builder authenticator(Authenticator value) {
            this.authenticator = Checks.notNull(value, "authenticator");
            return this;
        }

        /**
         * Lets the built-in authenticator accept an admin token, given as its hash ({@link Secrets#hash}: SHA-256,
         * hex), so configuration never holds the token itself. Generate one with {@link Secrets#newToken()}.
         *
         * @param name who or what uses the token (the admin principal's name), such as {@code ci} or
         *             {@code ops@example.com}
         */
        public Builder adminToken(String name, String sha256Hex) {
            Checks.matches(name, ADMIN_NAME, "admin token name", "1 to 128 characters of letters, digits, '.',"
                    + " '_', ':', '@' or '-', starting with a letter or digit");
            String hash = Checks.notNull(sha256Hex, "admin token hash").toLowerCase(Locale.ROOT);
            if (!Secrets.isHash(hash)) {
                throw new InvalidInputException("the hash of admin token '" + name + "' is not valid: give the"
                        + " token's SHA-256 as 64 hex digits (for example from `printf %s \"$TOKEN\" | sha256sum`)");
            }
            if (adminTokens.putIfAbsent(name, hash) != null) {
                throw new InvalidInputException("admin token '" + name + "' is given twice; give each token its"
                        + " own name");
            }
            return this;
        }

        /** How offers point at artifacts; by default HMAC-signed links under {@code /v1} with a random key. */
        public Builder downloadLinks(DownloadLinkIssuer value) {
            this.links = value;
            return this;
        }

        /**
         * The offer key (the online key) that signs every offer. Devices are built with its public half, so it must
         * stay the same across restarts and be the same on every node: keep it in a file (voyager serve keeps it in
         * its data directory). Without one, a key is generated for this process only, which devices built with a
         * fixed key refuse; that is only good for tests.
         */
        public Builder offerKey(SigningKey value) {
            this.offerKey = Checks.notNull(value, "offer key");
            return this;
        }

        /**
         * An endorsement to serve at {@code GET /v1/offer-keys/{keyId}}: after a rotation, the new offer key signed by
         * the previous one (or by a release key), so devices built with the old key take on the new one. Keep the
         * endorsements of earlier rotations too, for devices that were offline through several.
         */
        public Builder offerKeyEndorsement(OfferKeyEndorsement value) {
            Checks.notNull(value, "offer key endorsement");
            if (endorsements.putIfAbsent(value.key().keyId(), value) != null) {
                throw new InvalidInputException("two endorsements for offer key " + value.key().keyId().shortForm()
                        + "; give one");
            }
            return this;
        }

        /** How many devices' signed offers are cached (see {@link OfferSigner}); 0 signs every offer anew. */
        public Builder offerSignatureCache(int slots) {
            this.offerCacheSlots = (int) Checks.inRange(slots, 0, 1 << 24, "offer signature cache slots");
            return this;
        }

        public Builder clock(InstantSource value) {
            this.clock = value;
            return this;
        }

        /** Adds a listener for events and alerts. */
        public Builder listener(VoyagerListener value) {
            this.listeners.add(value);
            return this;
        }

        /**
         * Adds a listener whose outbox events are written in the transaction of the change that raised the event
         * (alerts that must not be lost, such as webhooks).
         */
        public Builder durableListener(DurableListener value) {
            this.durableListeners.add(Checks.notNull(value, "durable listener"));
            return this;
        }

        public Builder notifier(DeviceNotifier value) {
            this.notifier = value;
            return this;
        }

        public Builder config(VoyagerConfig value) {
            this.config = value;
            return this;
        }

        /** When housekeeping runs and what it may purge ({@link HousekeepingConfig#defaults()} unless set). */
        public Builder housekeeping(HousekeepingConfig value) {
            this.housekeeping = value;
            return this;
        }

        /** Adds a step to the validation pipeline, after the basic ones. */
        public Builder validationStep(ValidationStep step) {
            this.steps.add(step);
            return this;
        }

        /** Registers a handler for the host's own outbox event types. */
        public Builder outboxHandler(String type, OutboxHandler handler) {
            this.handlers.put(type, handler);
            return this;
        }

        public Voyager build() {
            if (registry == null || storage == null) {
                throw new InvalidInputException("Voyager needs " + (registry == null && storage == null
                        ? "a registry and an artifact storage" : registry == null ? "a registry" : "an artifact storage")
                        + ": give builder().registry(…) (such as JdbcRegistry) and .artifactStorage(…) (such as"
                        + " FileSystemArtifactStorage or S3ArtifactStorage), or start from Voyager.inMemory() for"
                        + " tests and demos, which keeps nothing beyond the process");
            }
            if (authenticator != null && !adminTokens.isEmpty()) {
                throw new InvalidInputException("adminToken(...) configures the built-in authenticator, which"
                        + " authenticator(...) replaces; give the admin tokens to your own authenticator instead");
            }
            if (links == null) {
                byte[] secret = new byte[32];
                new SecureRandom().nextBytes(secret);
                links = new HmacDownloadLinks("/v1", secret);
            }
            if (offerKey == null) {
                offerKey = SigningKey.generate();
                LOG.info("no offer key configured: offers are signed with key {} generated for this process only",
                        offerKey.keyId().shortForm());
            }
            for (OfferKeyEndorsement e : endorsements.values()) {
                VerifyingKey endorser = e.endorser().equals(offerKey.keyId()) ? offerKey.verifyingKey()
                        : endorsements.containsKey(e.endorser()) ? endorsements.get(e.endorser()).key() : null;
                if (endorser != null && !e.verifiedBy(endorser)) {
                    throw new InvalidInputException("the endorsement of offer key " + e.key().keyId().shortForm()
                            + " does not verify with key " + e.endorser().shortForm() + ", which it names: sign the"
                            + " new key's statement again with the key it names");
                }
            }
            return new Voyager(this);
        }
    }
}
