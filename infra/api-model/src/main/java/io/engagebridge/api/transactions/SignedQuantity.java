package io.engagebridge.api.transactions;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/** A line's quantity is positive on a PURCHASE and negative on a RETURN. */
@Documented
@Constraint(validatedBy = SignedQuantity.Check.class)
@Target(TYPE)
@Retention(RUNTIME)
public @interface SignedQuantity {

    String message() default "has the wrong sign";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<SignedQuantity, ReceiptRequest.Item> {
        @Override
        public boolean isValid(ReceiptRequest.Item item, ConstraintValidatorContext context) {
            if (item.quantity() == null) {
                return true;
            }
            boolean isReturn = ConsistentReceipt.RETURN.equals(item.type());
            if (isReturn ? item.quantity().signum() < 0 : item.quantity().signum() > 0) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(isReturn ? "must be negative on a RETURN"
                    : "must be positive on a PURCHASE").addPropertyNode("quantity").addConstraintViolation();
            return false;
        }
    }
}
