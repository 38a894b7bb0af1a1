package io.jetsnap.storage.s3;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What the AWS SDK's default credential chain tried, read from the exception it throws when no
 * source gave credentials ({@code Unable to load credentials from any of the providers in the
 * chain AwsCredentialsProviderChain(credentialsProviders=[A(), B()]) : [A(): why, B(): why]}), so
 * that one line can name every source tried, or the one that was set up and failed (web identity
 * whose STS call was refused) instead of saying there were no credentials.
 */
final class CredentialSources {
    private static final String CHAIN = "AwsCredentialsProviderChain(credentialsProviders=[";
    private static final String REASONS = " : [";
    /** What the SDK's sources say when they are simply not set up here (2.57). */
    private static final List<String> NOT_SET_UP = List.of("unable to load credentials from system settings",
            "must be set", "contained no credentials", "cannot fetch credentials from container - neither",
            "imds credentials have been disabled", "failed to load credentials from imds");

    /** One source of the chain and why it gave nothing. */
    record Attempt(String provider, String reason) {
        /** Whether the source was set up here and failed, rather than absent. */
        boolean failedWhenSetUp() {
            String r = reason.toLowerCase(Locale.ROOT);
            return NOT_SET_UP.stream().noneMatch(r::contains);
        }

        boolean webIdentity() {
            return provider.startsWith("WebIdentityTokenFileCredentialsProvider");
        }

        /** The source as an operator knows it. */
        String label() {
            String name = provider.contains("(") ? provider.substring(0, provider.indexOf('(')) : provider;
            return switch (name) {
                case "SystemPropertyCredentialsProvider" -> "system properties aws.accessKeyId/aws.secretAccessKey";
                case "EnvironmentVariableCredentialsProvider" -> "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY";
                case "WebIdentityTokenFileCredentialsProvider" -> "web identity (AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN)";
                case "ProfileCredentialsProvider" -> "profile " + profileName() + " (~/.aws/config, ~/.aws/credentials)";
                case "ContainerCredentialsProvider" -> "container credentials (AWS_CONTAINER_CREDENTIALS_FULL_URI or _RELATIVE_URI)";
                case "InstanceProfileCredentialsProvider" -> "EC2 instance metadata";
                default -> name.endsWith("CredentialsProvider") && name.length() > "CredentialsProvider".length()
                        ? name.substring(0, name.length() - "CredentialsProvider".length()) : name;
            };
        }

        private String profileName() {
            int at = provider.indexOf("profileName=");
            if (at < 0) {
                return "default";
            }
            int end = provider.indexOf(')', at);
            int comma = provider.indexOf(',', at);
            if (comma >= 0 && comma < end) {
                end = comma;
            }
            return "'" + provider.substring(at + "profileName=".length(), end < 0 ? provider.length() : end) + "'";
        }
    }

    private CredentialSources() {
    }

    /** The sources in the order the chain tried them, or null if {@code message} is not the chain's. */
    static @Nullable List<Attempt> parse(String message) {
        int chain = message.indexOf(CHAIN);
        if (chain < 0) {
            return null;
        }
        int namesStart = chain + CHAIN.length();
        int namesEnd = closing(message, namesStart - 1);
        if (namesEnd < 0 || !message.startsWith(REASONS, namesEnd + 2)) {
            return null;
        }
        List<String> names = topLevelItems(message.substring(namesStart, namesEnd));
        String reasons = message.substring(namesEnd + 2 + REASONS.length());
        if (reasons.endsWith("]")) {
            reasons = reasons.substring(0, reasons.length() - 1);
        }
        List<Attempt> attempts = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < names.size(); i++) {
            String head = names.get(i) + ": ";
            if (!reasons.startsWith(head, from)) {
                return null;
            }
            int start = from + head.length();
            int end = reasons.length();
            if (i + 1 < names.size()) {
                end = reasons.indexOf(", " + names.get(i + 1) + ": ", start);
                if (end < 0) {
                    return null;
                }
            }
            attempts.add(new Attempt(names.get(i), reasons.substring(start, end).strip()));
            from = end + 2;
        }
        return attempts.isEmpty() ? null : attempts;
    }

    /** Where the bracket opened at {@code open} closes, or -1. */
    private static int closing(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '[' || c == '(') {
                depth++;
            } else if (c == ']' || c == ')') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** {@code A(), B(x=1, y=2)} as its two items. */
    private static List<String> topLevelItems(String list) {
        List<String> items = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                items.add(list.substring(start, i).strip());
                start = i + 1;
            }
        }
        if (start < list.length()) {
            items.add(list.substring(start).strip());
        }
        return items;
    }
}
