package io.engagebridge.api;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;

import io.engagebridge.web.FieldProblem;
import io.engagebridge.web.StrictJson;

/**
 * A customer key (email, mobilePhone, ...) as text only; anything else is refused as "{@code email must be a
 * string}", as the API has always said it for the keys a customer is found by.
 */
public class CustomerKeyText extends StdScalarDeserializer<String> {

    public CustomerKeyText() {
        super(String.class);
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (!p.hasToken(JsonToken.VALUE_STRING)) {
            throw new FieldProblem(p, "{field} must be a string", "");
        }
        String text = p.getText();
        StrictJson.storableText(p, text, "", false);
        return text;
    }
}
