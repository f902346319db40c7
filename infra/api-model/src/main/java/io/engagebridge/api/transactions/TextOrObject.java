package io.engagebridge.api.transactions;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import com.fasterxml.jackson.databind.JsonNode;

/** A free-form value that is text or an object; null passes. */
@Documented
@Constraint(validatedBy = TextOrObject.Check.class)
@Target({ FIELD, RECORD_COMPONENT })
@Retention(RUNTIME)
public @interface TextOrObject {

    String message() default "must be a string or an object";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<TextOrObject, JsonNode> {
        @Override
        public boolean isValid(JsonNode value, ConstraintValidatorContext context) {
            return value == null || value.isNull() || value.isTextual() || value.isObject();
        }
    }
}
