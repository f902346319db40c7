package io.engagebridge.api.contacts;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/** An attribute's name, or a path into a nested object ({@code address.street}): {@link AttributePath#parse}. */
@Documented
@Constraint(validatedBy = ClearPath.Check.class)
@Target({ FIELD, TYPE_USE })
@Retention(RUNTIME)
public @interface ClearPath {

    String MESSAGE = "must be a field name or a path such as address.street";

    String message() default MESSAGE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<ClearPath, String> {
        @Override
        public boolean isValid(String path, ConstraintValidatorContext context) {
            return path == null || AttributePath.parse(path) != null;
        }
    }
}
