package dev.vigil.it.otlp;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** OTLP protobuf values as the plain Java values tests compare against. */
final class ProtoValues {
    private ProtoValues() {}

    /** Trace and span ids as the lower-case hex that W3C traceparent and OTel APIs print; "" when absent. */
    static String hex(ByteString id) {
        return HexFormat.of().formatHex(id.toByteArray());
    }

    /** Attributes in arrival order; values as {@link #value(AnyValue)}. */
    static Map<String, Object> attributes(List<KeyValue> keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (KeyValue kv : keyValues) {
            map.put(kv.getKey(), value(kv.getValue()));
        }
        return Collections.unmodifiableMap(map);
    }

    /**
     * String, Boolean, Long (OTLP ints are 64-bit), Double, byte[], List (array) or Map (kvlist);
     * null when no value is set.
     */
    static Object value(AnyValue v) {
        switch (v.getValueCase()) {
            case STRING_VALUE: return v.getStringValue();
            case BOOL_VALUE: return v.getBoolValue();
            case INT_VALUE: return v.getIntValue();
            case DOUBLE_VALUE: return v.getDoubleValue();
            case BYTES_VALUE: return v.getBytesValue().toByteArray();
            case ARRAY_VALUE: {
                List<Object> list = new ArrayList<>();
                v.getArrayValue().getValuesList().forEach(item -> list.add(value(item)));
                return Collections.unmodifiableList(list);
            }
            case KVLIST_VALUE: return attributes(v.getKvlistValue().getValuesList());
            default: return null;
        }
    }
}
