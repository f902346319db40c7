package io.engagebridge.api.transactions;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/** A date and time in ISO 8601 with an offset; null or blank passes (pair with {@code @NotBlank}). */
@Documented
@Constraint(validatedBy = OffsetDateTimeText.Check.class)
@Target({ FIELD, RECORD_COMPONENT })
@Retention(RUNTIME)
public @interface OffsetDateTimeText {

    String message() default "must be ISO 8601 with an offset, e.g. 2026-11-26T10:14:00+01:00";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<OffsetDateTimeText, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null || value.isBlank()) {
                return true;
            }
            try {
                OffsetDateTime.parse(value);
                return true;
            } catch (DateTimeParseException e) {
                return false;
            }
        }
    }
}
