package dev.vigil.agent.config;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.introspect.AnnotatedField;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The YAML fields as the loader binds them: asked of its own Jackson configuration, not read off the source. */
final class BoundFields {
  private BoundFields() {}

  /** The fields of one document class under their YAML names ({@code class}, not {@code className}). */
  static Map<String, AnnotatedField> of(Class<?> documentClass) {
    DeserializationConfig config = PolicyLoader.bindingConfig();
    BeanDescription description = config.introspect(config.constructType(documentClass));
    Map<String, AnnotatedField> fields = new TreeMap<>();
    for (BeanPropertyDefinition property : description.findProperties()) {
      fields.put(property.getName(), property.getField());
    }
    return fields;
  }

  /** The document class of one entry, for a list of mappings; null for anything else. */
  static Class<?> listEntry(AnnotatedField field) {
    Class<?> using = customDeserializer(field);
    if (using == RulesDeserializer.class) {
      return RulesDeserializer.ENTRY;
    }
    if (using == LoginMethodsDeserializer.class) {
      return LoginMethodsDeserializer.ENTRY;
    }
    if (using != null && using != LockoutEntryDeserializer.class && !PolicyValueDeserializers.Scalar.class.isAssignableFrom(using)) {
      throw new IllegalStateException(field.getName() + ": teach BoundFields what " + using.getSimpleName() + " reads");
    }
    JavaType type = field.getType();
    Class<?> element = type.isCollectionLikeType() ? type.getContentType().getRawClass() : null;
    return element != null && isDocumentClass(element) ? element : null;
  }

  static boolean isDocumentClass(Class<?> type) {
    return type.getEnclosingClass() == PolicyDocument.class;
  }

  /** How the module's deserializers spell an enum field's constants (returns-true); null for any other field. */
  static List<String> enumSpellings(AnnotatedField field) {
    if (!field.getRawType().isEnum() || customDeserializer(field) != null) {
      return null;
    }
    return Arrays.stream(field.getRawType().getEnumConstants())
        .map(constant -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-'))
        .collect(Collectors.toList());
  }

  private static Class<?> customDeserializer(AnnotatedField field) {
    JsonDeserialize custom = field.getAnnotation(JsonDeserialize.class);
    return custom == null || custom.using() == JsonDeserializer.None.class ? null : custom.using();
  }
}
