package io.voyagerota.server.internal;

import io.voyagerota.InvalidInputException;
import io.voyagerota.server.ConfigException;
import io.voyagerota.server.ServerConfig;
import io.voyagerota.signing.OfferKeyEndorsement;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The endorsement files of {@code offer.key-endorsements}, read before anything is created so that a bad one stops
 * the start with nothing changed. They hold only public keys and signatures: unlike the offer key, they may be
 * readable by anyone.
 */
public final class OfferKeyEndorsements {
    private static final long MAX_FILE_BYTES = 4096;

    private OfferKeyEndorsements() {
    }

    /** @throws ConfigException naming the file and what is wrong with it */
    public static List<OfferKeyEndorsement> read(ServerConfig config) {
        List<OfferKeyEndorsement> out = new ArrayList<>();
        for (Path file : config.offerKeyEndorsements()) {
            String what = "offer key endorsement " + file + " (offer.key-endorsements)";
            try {
                if (!Files.isRegularFile(file) || Files.size(file) > MAX_FILE_BYTES) {
                    throw new ConfigException(what + " is not a file of at most " + MAX_FILE_BYTES + " bytes; make it"
                            + " with: voyager keys endorse --key NEW_OFFER_KEY.pub.pem --with OLD_KEY.pem -o FILE");
                }
                out.add(OfferKeyEndorsement.parse(Files.readString(file, StandardCharsets.US_ASCII)));
            } catch (IOException e) {
                throw new ConfigException(what + " cannot be read (" + e.getMessage() + ")");
            } catch (InvalidInputException e) {
                throw new ConfigException(what + ": " + e.getMessage());
            }
        }
        return out;
    }
}
