package io.jetsnap.core.restore.plan;

import io.jetsnap.core.ErrorCode;
import io.jetsnap.core.SnapshotException;
import io.jetsnap.core.jetstream.JsApi;
import io.jetsnap.core.jetstream.JsonText;
import io.jetsnap.core.model.ConsumerSnapshot;
import io.jetsnap.core.model.HeaderBlock;
import io.jetsnap.core.model.MessageHeader;
import io.jetsnap.core.model.SnapshotHeader;
import io.jetsnap.core.model.SnapshotMessage;
import io.nats.client.support.JsonParseException;
import io.nats.client.support.JsonParser;
import io.nats.client.support.JsonValue;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A KV or Object Store bucket restored under another bucket's name ({@code KV_cfg} as
 * {@code KV_cfg2}, {@code OBJ_files} as {@code OBJ_files2}) becomes that bucket for the official
 * clients, which find a bucket's messages by subject: {@code $KV.<bucket>.<key>}, and
 * {@code $O.<bucket>.C.<nuid>} / {@code $O.<bucket>.M.<name>}. So the bucket's subject prefix is
 * renamed everywhere it appears: the messages' subjects, the configuration's {@code subjects},
 * {@code republish} and {@code subject_transform}, the consumers' filters, the headers the server
 * acts on when a message is published again ({@code Nats-Expected-Stream},
 * {@code Nats-Expected-Last-Subject-Sequence-Subject}), and an Object Store meta message's
 * {@code bucket} and same-bucket {@code options.link.bucket} (the clients follow a link to another
 * bucket by that name). Nothing else changes: keys, object names (the meta subject's last token),
 * payloads, sequences, timestamps.
 *
 * <p>Restores that cannot be made consistent are refused before anything changes: a bucket as a
 * bucket of the other kind, a bucket that mirrors or sources another (its messages carry its
 * origins' subjects), a bucket renamed and given {@code --subjects} as well, and a stream that is
 * not a bucket under a bucket's name (the clients would take it for an empty bucket). A bucket
 * restored under a name that is no bucket's ({@code KV_cfg} as {@code cfg-copy}) is a plain copy
 * of the stream: subjects unchanged, and a note says the clients do not see it as a bucket.
 */
public final class BucketRename {
    private static final String EXPECTED_STREAM = "Nats-Expected-Stream";
    private static final String EXPECTED_LAST_SUBJECT_SEQUENCE_SUBJECT = "Nats-Expected-Last-Subject-Sequence-Subject";
    private static final BucketRename NONE = new BucketRename(null, "", "", "", "", null);

    private final @Nullable BucketKind kind;
    private final String from;
    private final String to;
    private final String fromPrefix;
    private final String toPrefix;
    private final @Nullable String note;

    private BucketRename(@Nullable BucketKind kind, String from, String to, String fromPrefix, String toPrefix,
                         @Nullable String note) {
        this.kind = kind;
        this.from = from;
        this.to = to;
        this.fromPrefix = fromPrefix;
        this.toPrefix = toPrefix;
        this.note = note;
    }

    /**
     * What restoring the stream configured by {@code snapshotConfigJson} as stream {@code target}
     * does to its bucket; refuses (before anything changes) what cannot be made consistent.
     *
     * @param otherSubjects the restore was given subjects of its own for the target
     */
    public static BucketRename of(String snapshotConfigJson, String target, boolean otherSubjects) {
        JsonValue config = JsApi.parse(snapshotConfigJson);
        String source = config.map == null ? null : text(config.map.get("name"));
        if (source == null || source.equals(target)) {
            return NONE;
        }
        BucketKind sourceKind = BucketKind.ofStream(config.map, source);
        BucketKind targetKind = BucketKind.ofName(target);
        if (sourceKind == null) {
            if (targetKind != null) {
                throw refused("stream " + source + " is not a " + targetKind.label() + " (its subjects are not "
                        + String.join(", ", targetKind.subjects(source)) + ")"
                        + ", so under the name " + target + " the clients would take it for bucket "
                        + targetKind.bucketOf(target).orElseThrow() + " and find none of its messages; restore it under a "
                        + "name that does not start with " + targetKind.streamPrefix());
            }
            return NONE;
        }
        String fromBucket = sourceKind.bucketOf(source).orElseThrow();
        if (targetKind == null) {
            return new BucketRename(null, "", "", "", "", sourceKind.label() + " " + fromBucket + " as stream " + target
                    + " is a plain copy: its messages keep their " + sourceKind.subjectPrefix() + fromBucket
                    + ". subjects, and the clients do not see it as a bucket (restore it as " + sourceKind.streamPrefix()
                    + "<name> to make it bucket <name>)");
        }
        if (targetKind != sourceKind) {
            throw refused("stream " + source + " holds " + sourceKind.label() + " " + fromBucket + ", and " + target
                    + " would be " + targetKind.label() + " " + targetKind.bucketOf(target).orElseThrow()
                    + ", a bucket of the other kind; restore it as " + sourceKind.streamPrefix() + "<name>, or under a name "
                    + "that is no bucket's");
        }
        if (present(config.map.get("mirror")) || present(config.map.get("sources"))) {
            throw refused(sourceKind.label() + " " + fromBucket + " is fed by " + (present(config.map.get("mirror"))
                    ? "a mirror" : "sources") + ", whose messages keep their origins' subjects, so it cannot become bucket "
                    + targetKind.bucketOf(target).orElseThrow() + "; restore it under its own name " + source);
        }
        if (otherSubjects) {
            throw refused("restoring " + sourceKind.label() + " " + fromBucket + " as bucket "
                    + targetKind.bucketOf(target).orElseThrow() + " gives it that bucket's subjects; it cannot take other "
                    + "subjects as well (leave out --subjects)");
        }
        String toBucket = targetKind.bucketOf(target).orElseThrow();
        return new BucketRename(sourceKind, fromBucket, toBucket, sourceKind.subjectPrefix() + fromBucket + ".",
                sourceKind.subjectPrefix() + toBucket + ".", sourceKind.label() + " " + fromBucket + " becomes bucket "
                + toBucket + ": its messages, configuration and consumers take " + sourceKind.subjectPrefix() + toBucket
                + ". subjects" + (sourceKind == BucketKind.OBJECT_STORE ? " and its objects' info names bucket " + toBucket : ""));
    }

    /** No bucket renamed: everything is kept as it is. */
    public static BucketRename none() {
        return NONE;
    }

    /** Whether subjects (and the rest) change at all. */
    boolean renames() {
        return kind != null;
    }

    /** What the restore's result should say about the bucket, if anything. */
    public Optional<String> note() {
        return Optional.ofNullable(note);
    }

    /** The subject under the target bucket; subjects outside the bucket's prefix are kept. */
    String subject(String subject) {
        return kind != null && subject.startsWith(fromPrefix) ? toPrefix + subject.substring(fromPrefix.length()) : subject;
    }

    /** The header with the renamed stream configuration and consumer filters. */
    public SnapshotHeader header(SnapshotHeader h) {
        if (kind == null) {
            return h;
        }
        String config = h.streamConfigJson();
        config = renameMember(config, "subjects");
        config = renameMember(config, "republish");
        config = renameMember(config, "subject_transform");
        List<ConsumerSnapshot> consumers = new ArrayList<>();
        for (ConsumerSnapshot c : h.consumers()) {
            String json = renameMember(renameMember(c.configJson(), "filter_subject"), "filter_subjects");
            consumers.add(new ConsumerSnapshot(c.name(), json, c.deliveredStreamSequence(), c.deliveredConsumerSequence(),
                    c.ackFloorStreamSequence(), c.ackFloorConsumerSequence()));
        }
        return new SnapshotHeader(h.format(), h.formatVersion(), h.toolVersion(), h.created(), h.serverVersion(), h.stream(),
                config, h.state(), h.selection(), consumers, h.origin());
    }

    /** The message as the target bucket holds it. */
    public SnapshotMessage message(SnapshotMessage m) {
        if (kind == null || !m.subject().startsWith(fromPrefix) && !namesBucket(m.headers())) {
            return m;
        }
        String subject = subject(m.subject());
        byte[] payload = kind == BucketKind.OBJECT_STORE && subject.startsWith(toPrefix + "M.") ? objectMeta(m.payload()) : m.payload();
        return new SnapshotMessage(m.sequence(), subject, headers(m.headers()), payload, m.timestamp());
    }

    private boolean namesBucket(HeaderBlock headers) {
        for (MessageHeader h : headers.lines()) {
            if (!renamedValue(h.name(), h.value()).equals(h.value())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The header block with the values that name the bucket renamed, every other byte kept as it
     * was stored (the lines are handled as bytes: Latin-1 maps each byte to one char and back).
     */
    private HeaderBlock headers(HeaderBlock headers) {
        if (!headers.present() || !namesBucket(headers)) {
            return headers;
        }
        String block = new String(headers.bytes(), StandardCharsets.ISO_8859_1);
        StringBuilder out = new StringBuilder(block.length() + 16);
        int at = 0;
        while (at < block.length()) {
            int end = block.indexOf("\r\n", at);
            int lineEnd = end < 0 ? block.length() : end;
            out.append(renamedLine(block.substring(at, lineEnd)));
            if (end < 0) {
                break;
            }
            out.append("\r\n");
            at = end + 2;
        }
        return HeaderBlock.of(out.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** One header line with its value renamed where it names the bucket; spacing around the value kept. */
    private String renamedLine(String line) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            return line;
        }
        String name = line.substring(0, colon);
        int start = colon + 1;
        while (start < line.length() && (line.charAt(start) == ' ' || line.charAt(start) == '\t')) {
            start++;
        }
        int end = line.length();
        while (end > start && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
            end--;
        }
        String value = new String(line.substring(start, end).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        String renamed = renamedValue(name, value);
        if (renamed.equals(value)) {
            return line;
        }
        return line.substring(0, start) + new String(renamed.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)
                + line.substring(end);
    }

    private String renamedValue(String name, String value) {
        if (name.equals(EXPECTED_STREAM) && value.strip().equals(kind.streamPrefix() + from)) {
            return kind.streamPrefix() + to;
        }
        if (name.equals(EXPECTED_LAST_SUBJECT_SEQUENCE_SUBJECT)) {
            return subject(value);
        }
        return value;
    }

    /**
     * An Object Store meta message names its bucket ({@code bucket}) and, for a link, the bucket
     * linked to ({@code options.link.bucket}): both become the target bucket where they named the
     * source, every other byte kept. A payload that is not a JSON object in UTF-8 is kept as it is.
     */
    private byte[] objectMeta(byte[] payload) {
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            return payload;
        }
        try {
            String renamed = withBucket(json);
            String options = JsonText.topLevelMember(renamed, "options");
            if (options != null) {
                String link = JsonText.topLevelMember(options, "link");
                if (link != null) {
                    renamed = JsonText.withTopLevelMember(renamed, "options",
                            JsonText.withTopLevelMember(options, "link", withBucket(link)));
                }
            }
            return renamed.equals(json) ? payload : renamed.getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            return payload;
        }
    }

    /** The JSON object with its top-level {@code bucket} renamed if it names the source bucket. */
    private String withBucket(String json) {
        String bucket = JsonText.topLevelMember(json, "bucket");
        if (bucket == null || !from.equals(parsedString(bucket))) {
            return json;
        }
        return JsonText.withTopLevelMember(json, "bucket", JsApi.quote(to));
    }

    /**
     * {@code json} with the subjects in its member {@code key} renamed: a subject, a list of them,
     * or an object's {@code src} and {@code dest}; every other byte kept.
     */
    private String renameMember(String json, String key) {
        String text = JsonText.topLevelMember(json, key);
        if (text == null) {
            return json;
        }
        String renamed;
        if (text.startsWith("{")) {
            renamed = renameMember(renameMember(text, "src"), "dest");
        } else {
            JsonValue value = JsApi.parse(text);
            if (value.type == JsonValue.Type.STRING) {
                renamed = subject(value.string).equals(value.string) ? text : JsApi.quote(subject(value.string));
            } else if (value.type == JsonValue.Type.ARRAY) {
                List<JsonValue> subjects = new ArrayList<>();
                value.array.forEach(v -> subjects.add(v.string == null ? v : new JsonValue(subject(v.string))));
                renamed = subjects.equals(value.array) ? text : new JsonValue(subjects).toJson();
            } else {
                renamed = text;
            }
        }
        return renamed.equals(text) ? json : JsonText.withTopLevelMember(json, key, renamed);
    }

    private static @Nullable String parsedString(String jsonText) {
        try {
            return JsonParser.parse(jsonText).string;
        } catch (JsonParseException e) {
            return null;
        }
    }

    private static @Nullable String text(@Nullable JsonValue v) {
        return v == null ? null : v.string;
    }

    private static boolean present(@Nullable JsonValue v) {
        return v != null && v.type != JsonValue.Type.NULL && !(v.array != null && v.array.isEmpty());
    }

    private static SnapshotException refused(String reason) {
        return new SnapshotException(ErrorCode.UNSUPPORTED, reason + "; nothing was changed");
    }
}
