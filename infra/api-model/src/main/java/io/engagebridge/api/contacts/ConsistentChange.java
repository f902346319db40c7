package io.engagebridge.api.contacts;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A change that can be applied as a whole: no path both set and cleared, no path cleared inside an attribute set to
 * a plain value, no contact type (it changes through upgrade only).
 */
@Documented
@Constraint(validatedBy = ConsistentChange.Check.class)
@Target(TYPE)
@Retention(RUNTIME)
public @interface ConsistentChange {

    String message() default "The change contradicts itself";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<ConsistentChange, ContactChange> {
        @Override
        public boolean isValid(ContactChange change, ConstraintValidatorContext context) {
            context.disableDefaultConstraintViolation();
            JsonNode attributes = change.attributes();
            if (attributes != null && attributes.has("contactType")) {
                context.buildConstraintViolationWithTemplate("cannot change through an update; use /upgrade")
                        .addPropertyNode("attributes").addPropertyNode("contactType").addConstraintViolation();
                return false;
            }
            for (AttributePath path : change.clearPaths()) {
                JsonNode set = path.in(attributes);
                if (set != null && !set.isNull()) {
                    return refuse(context, "'" + path + "' is both set and cleared");
                }
                for (int depth = 1; depth < path.names().size(); depth++) {
                    AttributePath outer = new AttributePath(path.names().subList(0, depth));
                    JsonNode value = outer.in(attributes);
                    if (value != null && !value.isNull() && !value.isObject()) {
                        return refuse(context, "'" + outer + "' is set to a plain value and '" + path
                                + "' inside it cleared: send one or the other");
                    }
                }
            }
            return true;
        }

        /** A message naming the caller's paths, which must not be read as a message template. */
        private static boolean refuse(ConstraintValidatorContext context, String message) {
            context.buildConstraintViolationWithTemplate(message.replace("\\", "\\\\").replace("{", "\\{")
                    .replace("}", "\\}").replace("$", "\\$")).addConstraintViolation();
            return false;
        }
    }
}
