package io.strata.command.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.command.keys.KeyEncryptionKey;
import io.strata.kernel.identity.StorageLocationId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Storage locations' credentials, sealed under the KEK (bound to the location) in {@code storage_credential}.
 * They are written with the location and read only to open its storage; no route returns them.
 */
@Component
public class StorageCredentials {

    private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final KeyEncryptionKey kek;
    private final ObjectMapper json;

    public StorageCredentials(JdbcTemplate jdbc, KeyEncryptionKey kek, ObjectMapper json) {
        this.jdbc = jdbc;
        this.kek = kek;
        this.json = json;
    }

    /** Stores the credentials of a location; runs in the caller's transaction. */
    void store(StorageLocationId id, Map<String, String> secrets) {
        try {
            byte[] plain = json.writeValueAsBytes(secrets);
            jdbc.update("insert into storage_credential (storage_location_id, sealed) values (?, ?)", id.value(),
                    kek.seal(plain, purpose(id)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The credentials of a location (empty for one that has none, such as LOCAL). */
    Map<String, String> of(StorageLocationId id) {
        return jdbc.query("select sealed from storage_credential where storage_location_id = ?", rs -> {
            if (!rs.next()) {
                return Map.<String, String>of();
            }
            try {
                return json.readValue(new String(kek.open(rs.getBytes(1), purpose(id)), StandardCharsets.UTF_8), FIELDS);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Unreadable storage credentials", e);
            }
        }, id.value());
    }

    private static String purpose(StorageLocationId id) {
        return "storage-credential:" + id.value();
    }
}
