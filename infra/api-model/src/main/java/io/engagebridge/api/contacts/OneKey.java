package io.engagebridge.api.contacts;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.Set;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/** An identify body names exactly one customer key. */
@Documented
@Constraint(validatedBy = OneKey.Check.class)
@Target(TYPE)
@Retention(RUNTIME)
public @interface OneKey {

    String message() default "Give exactly one customer key";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<OneKey, IdentifyRequest> {
        @Override
        public boolean isValid(IdentifyRequest body, ConstraintValidatorContext context) {
            Set<String> given = body.keys().keySet();
            if (given.size() == 1) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate("Give exactly one customer key of " + IdentifyRequest.KEYS
                    + "; got " + (given.isEmpty() ? "none" : given)).addConstraintViolation();
            return false;
        }
    }
}
