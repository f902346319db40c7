package io.engagebridge.api;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import io.engagebridge.web.Ids;

/** An Engage id ({@link Ids}: letters, digits and dashes, at most 64); null passes (pair with {@code @NotNull}). */
@Documented
@Constraint(validatedBy = EngageId.Check.class)
@Target({ FIELD, PARAMETER, RECORD_COMPONENT, TYPE_USE })
@Retention(RUNTIME)
public @interface EngageId {

    String message() default "must be an Engage id (letters, digits and dashes)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<EngageId, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || Ids.isEngageId(value);
        }
    }
}
