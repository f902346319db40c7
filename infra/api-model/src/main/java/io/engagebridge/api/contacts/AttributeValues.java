package io.engagebridge.api.contacts;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.Map;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Contact attributes: each one text, a number, a boolean, null or an object (Engage has no list attributes). */
@Documented
@Constraint(validatedBy = AttributeValues.Check.class)
@Target({ FIELD, RECORD_COMPONENT })
@Retention(RUNTIME)
public @interface AttributeValues {

    String message() default "must be a string, number, boolean or object";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<AttributeValues, ObjectNode> {
        @Override
        public boolean isValid(ObjectNode attributes, ConstraintValidatorContext context) {
            if (attributes == null) {
                return true;
            }
            boolean valid = true;
            for (Map.Entry<String, JsonNode> attribute : attributes.properties()) {
                JsonNode value = attribute.getValue();
                if (!(value.isValueNode() || value.isObject())) {
                    if (valid) {
                        context.disableDefaultConstraintViolation();
                    }
                    valid = false;
                    context.buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate())
                            .addPropertyNode(attribute.getKey()).addConstraintViolation();
                }
            }
            return valid;
        }
    }
}
