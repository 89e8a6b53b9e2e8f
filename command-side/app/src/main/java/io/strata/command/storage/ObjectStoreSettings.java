package io.strata.command.storage;

import io.strata.kernel.error.DomainException;
import io.strata.kernel.error.ErrorKind;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An S3 or Azure location's request split into what may be shown ({@code settings}: endpoint, bucket or
 * container, region, addressing, prefix, how it authenticates) and what may not ({@code secrets}), refusing
 * incomplete or contradictory requests with {@code INVALID_STORAGE_SETTINGS}.
 */
record ObjectStoreSettings(Map<String, String> settings, Map<String, String> secrets) {

    private static final Set<String> ADDRESSING = Set.of("AUTO", "PATH", "VIRTUAL_HOST");

    static ObjectStoreSettings s3(StorageLocationController.Create request) {
        require(request.endpoint(), "endpoint");
        require(request.bucket(), "bucket");
        require(request.accessKey(), "accessKey");
        require(request.secretKey(), "secretKey");
        refuse(request.path() != null || request.container() != null || request.connectionString() != null
                || request.accountName() != null || request.accountKey() != null || request.sasUrl() != null,
                "An S3 location takes endpoint, bucket, region, addressing, prefix, accessKey, secretKey and caCertificatePem");
        URI endpoint = url(request.endpoint(), "endpoint");
        String addressing = request.addressing() == null ? "AUTO" : request.addressing();
        refuse(!ADDRESSING.contains(addressing), "addressing must be AUTO, PATH or VIRTUAL_HOST");
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("endpoint", endpoint.toString());
        settings.put("bucket", request.bucket());
        settings.put("addressing", addressing);
        put(settings, "region", request.region());
        put(settings, "prefix", request.prefix());
        settings.put("tls", Boolean.toString("https".equals(endpoint.getScheme())));
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("accessKey", request.accessKey());
        secrets.put("secretKey", request.secretKey());
        put(secrets, "caCertificatePem", request.caCertificatePem());
        return new ObjectStoreSettings(settings, secrets);
    }

    static ObjectStoreSettings azure(StorageLocationController.Create request) {
        require(request.container(), "container");
        refuse(request.path() != null || request.bucket() != null || request.accessKey() != null
                || request.secretKey() != null || request.region() != null || request.addressing() != null,
                "An AZURE location takes container, prefix and one of connectionString, accountName with accountKey,"
                        + " or sasUrl");
        int ways = (request.connectionString() != null ? 1 : 0) + (request.accountKey() != null ? 1 : 0)
                + (request.sasUrl() != null ? 1 : 0);
        refuse(ways != 1, "Give exactly one of connectionString, accountName with accountKey, or sasUrl");
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("container", request.container());
        put(settings, "prefix", request.prefix());
        Map<String, String> secrets = new LinkedHashMap<>();
        if (request.connectionString() != null) {
            settings.put("authentication", "CONNECTION_STRING");
            secrets.put("connectionString", request.connectionString());
        } else if (request.sasUrl() != null) {
            settings.put("authentication", "SAS");
            url(request.sasUrl(), "sasUrl");
            secrets.put("sasUrl", request.sasUrl());
        } else {
            require(request.accountName(), "accountName");
            settings.put("authentication", "SHARED_KEY");
            settings.put("account", request.accountName());
            secrets.put("accountName", request.accountName());
            secrets.put("accountKey", request.accountKey());
            if (request.endpoint() != null) {
                settings.put("endpoint", url(request.endpoint(), "endpoint").toString());
                secrets.put("endpoint", request.endpoint());
            }
        }
        return new ObjectStoreSettings(settings, secrets);
    }

    private static URI url(String raw, String field) {
        try {
            URI uri = new URI(raw);
            refuse(uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null, field + " must be an http or https URL");
            return uri;
        } catch (URISyntaxException e) {
            throw invalid(field + " must be an http or https URL");
        }
    }

    private static void put(Map<String, String> map, String key, String value) {
        if (value != null && !value.isBlank()) {
            map.put(key, value.strip());
        }
    }

    private static void require(String value, String field) {
        refuse(value == null || value.isBlank(), field + " is required");
    }

    private static void refuse(boolean condition, String message) {
        if (condition) {
            throw invalid(message);
        }
    }

    private static DomainException invalid(String message) {
        return new DomainException(ErrorKind.INVALID, "INVALID_STORAGE_SETTINGS", message);
    }
}
