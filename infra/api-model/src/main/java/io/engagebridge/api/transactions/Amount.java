package io.engagebridge.api.transactions;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.math.BigDecimal;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * An amount or quantity of a receipt: at most {@link #integer} digits before the point and {@link #fraction} after.
 * Checked before anything adds them up: {@code 1e999999999} is a short JSON number, but adding 0.01 to it would
 * write out a billion digits.
 */
@Documented
@Constraint(validatedBy = Amount.Check.class)
@Target({ FIELD, RECORD_COMPONENT })
@Retention(RUNTIME)
public @interface Amount {

    String message() default "must have at most {integer} digits before the point and {fraction} after";

    int integer() default 12;

    int fraction() default 6;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<Amount, BigDecimal> {

        private int integer;
        private int fraction;

        @Override
        public void initialize(Amount amount) {
            this.integer = amount.integer();
            this.fraction = amount.fraction();
        }

        @Override
        public boolean isValid(BigDecimal value, ConstraintValidatorContext context) {
            if (value == null || value.signum() == 0) {
                return true;
            }
            int scale = value.scale();
            int digitsBeforePoint = value.precision() - scale;
            int digitsAfterPoint = Math.max(scale, 0);
            if (digitsAfterPoint > fraction) {
                // 1.50000000 is 1.5: only the digits that count
                BigDecimal stripped = value.stripTrailingZeros();
                digitsAfterPoint = Math.max(stripped.scale(), 0);
            }
            return digitsBeforePoint <= integer && digitsAfterPoint <= fraction;
        }
    }
}
