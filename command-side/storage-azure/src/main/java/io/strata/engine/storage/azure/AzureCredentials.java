package io.strata.engine.storage.azure;

import java.net.URI;
import java.util.Objects;

/**
 * How to authenticate to Azure Blob Storage. {@link #toString()} never prints a secret.
 */
public sealed interface AzureCredentials {

    /** A storage connection string ({@code DefaultEndpointsProtocol=…;AccountName=…;AccountKey=…} or with a SAS). */
    record ConnectionString(String connectionString) implements AzureCredentials {
        public ConnectionString {
            Objects.requireNonNull(connectionString, "connectionString");
            if (connectionString.isBlank()) {
                throw new IllegalArgumentException("empty Azure connection string");
            }
        }

        @Override
        public String toString() {
            return "ConnectionString[****]";
        }
    }

    /**
     * An account name and its shared key.
     *
     * @param endpoint the blob service URL, e.g. {@code https://ACCOUNT.blob.core.windows.net} (the default when
     *                 null) or an emulator's {@code http://127.0.0.1:10000/ACCOUNT}
     */
    record SharedKey(String accountName, String accountKey, URI endpoint) implements AzureCredentials {
        public SharedKey {
            Objects.requireNonNull(accountName, "accountName");
            Objects.requireNonNull(accountKey, "accountKey");
            if (endpoint == null) {
                endpoint = URI.create("https://" + accountName + ".blob.core.windows.net");
            }
        }

        @Override
        public String toString() {
            return "SharedKey[account=" + accountName + ", key=****, endpoint=" + endpoint + "]";
        }
    }

    /**
     * A shared access signature: {@code url} is the blob service's URL or the container's URL, and
     * {@code sasToken} the signature (null when the URL's query already carries it).
     */
    record Sas(URI url, String sasToken) implements AzureCredentials {
        public Sas {
            Objects.requireNonNull(url, "url");
            if ((sasToken == null || sasToken.isBlank()) && url.getRawQuery() == null) {
                throw new IllegalArgumentException("a SAS needs a token, in the URL's query or separately");
            }
        }

        @Override
        public String toString() {
            return "Sas[url=" + url.getScheme() + "://" + url.getRawAuthority() + url.getRawPath() + ", token=****]";
        }
    }

    static AzureCredentials connectionString(String s) {
        return new ConnectionString(s);
    }

    static AzureCredentials sharedKey(String accountName, String accountKey, URI endpoint) {
        return new SharedKey(accountName, accountKey, endpoint);
    }

    static AzureCredentials sas(URI url, String sasToken) {
        return new Sas(url, sasToken);
    }
}
