package io.engagebridge.api.promotions;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import io.engagebridge.web.ApiException;
import io.engagebridge.web.Channel;

/** A redemption channel as {@link Channel#parse} reads it; null or blank passes (pair with {@code @NotBlank}). */
@Documented
@Constraint(validatedBy = ChannelName.Check.class)
@Target({ FIELD, PARAMETER, RECORD_COMPONENT })
@Retention(RUNTIME)
public @interface ChannelName {

    String message() default "must be POS, ECOM or OTHER";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<ChannelName, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null || value.isBlank()) {
                return true;
            }
            try {
                Channel.parse(value, "channel");
                return true;
            } catch (ApiException notAChannel) {
                return false;
            }
        }
    }
}
